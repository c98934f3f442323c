CREATE TABLE `channels` (
	`id` varchar(64) NOT NULL,
	`type` varchar(64) NOT NULL,
	`direction` varchar(64) NOT NULL,
	`path` text NOT NULL,
	`filename` text NOT NULL,
	`remove` boolean NOT NULL,
	`archive_path` text,
	`lock_file` text,
	`temp_then_rename` boolean NOT NULL,
	`settle_seconds` int NOT NULL,
	`description` text,
	CONSTRAINT `channels_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `code_lists` (
	`list` varchar(64) NOT NULL,
	`code` varchar(128) NOT NULL,
	`value` text NOT NULL,
	`attributes` json NOT NULL,
	CONSTRAINT `code_lists_list_code_pk` PRIMARY KEY(`list`,`code`)
);
--> statement-breakpoint
CREATE TABLE `confirm_rules` (
	`id` varchar(64) NOT NULL,
	`active` boolean NOT NULL,
	`confirm_type` varchar(64) NOT NULL,
	`rule_type` varchar(64) NOT NULL,
	`value` text,
	`negative` boolean NOT NULL,
	CONSTRAINT `confirm_rules_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `counters` (
	`name` varchar(255) NOT NULL,
	`value` bigint NOT NULL,
	CONSTRAINT `counters_name` PRIMARY KEY(`name`)
);
--> statement-breakpoint
CREATE TABLE `partner_group_members` (
	`group_id` varchar(64) NOT NULL,
	`partner_id` varchar(64) NOT NULL,
	CONSTRAINT `partner_group_members_group_id_partner_id_pk` PRIMARY KEY(`group_id`,`partner_id`)
);
--> statement-breakpoint
CREATE TABLE `partner_groups` (
	`id` varchar(64) NOT NULL,
	`name` text NOT NULL,
	`description` text,
	CONSTRAINT `partner_groups_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `partner_identifiers` (
	`partner_id` varchar(64) NOT NULL,
	`qualifier` varchar(64) NOT NULL,
	`value` varchar(128) NOT NULL,
	`test` boolean NOT NULL,
	CONSTRAINT `partner_identifiers_partner_id_qualifier_value_test_pk` PRIMARY KEY(`partner_id`,`qualifier`,`value`,`test`),
	CONSTRAINT `partner_identifiers_unique` UNIQUE(`qualifier`,`value`,`test`)
);
--> statement-breakpoint
CREATE TABLE `partners` (
	`id` varchar(64) NOT NULL,
	`name` text NOT NULL,
	`active` boolean NOT NULL,
	`envelope` json NOT NULL,
	`duplicates` varchar(64) NOT NULL,
	`description` text,
	CONSTRAINT `partners_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `routes` (
	`id` varchar(64) NOT NULL,
	`seq` int NOT NULL,
	`active` boolean NOT NULL,
	`not_in_default_run` boolean NOT NULL,
	`from_channel` varchar(64),
	`from_editype` varchar(64),
	`from_messagetype` varchar(64),
	`translate` varchar(64) NOT NULL,
	`to_channel` varchar(64),
	`to_editype` varchar(64),
	`to_messagetype` varchar(64),
	`to_partner` varchar(64),
	`from_partner` varchar(64),
	`test_indicator` boolean,
	`defer` boolean NOT NULL,
	`zip_in` boolean NOT NULL,
	`zip_out` boolean NOT NULL,
	`description` text,
	CONSTRAINT `routes_id_seq_pk` PRIMARY KEY(`id`,`seq`)
);
--> statement-breakpoint
CREATE TABLE `settings` (
	`key` varchar(64) NOT NULL,
	`value` json NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `settings_key` PRIMARY KEY(`key`)
);
--> statement-breakpoint
CREATE TABLE `translations` (
	`id` varchar(26) NOT NULL,
	`from_editype` varchar(64) NOT NULL,
	`from_messagetype` varchar(64) NOT NULL,
	`alt` varchar(64),
	`from_partner` varchar(64),
	`to_partner` varchar(64),
	`mapping` text NOT NULL,
	`to_editype` varchar(64) NOT NULL,
	`to_messagetype` varchar(64) NOT NULL,
	`active` boolean NOT NULL,
	`description` text,
	CONSTRAINT `translations_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `partner_group_members` ADD CONSTRAINT `partner_group_members_group_id_partner_groups_id_fk` FOREIGN KEY (`group_id`) REFERENCES `partner_groups`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `partner_group_members` ADD CONSTRAINT `partner_group_members_partner_id_partners_id_fk` FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `partner_identifiers` ADD CONSTRAINT `partner_identifiers_partner_id_partners_id_fk` FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `partner_group_members_partner` ON `partner_group_members` (`partner_id`);--> statement-breakpoint
CREATE INDEX `translations_lookup` ON `translations` (`from_editype`,`from_messagetype`);