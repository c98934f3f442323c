CREATE TABLE `channels` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`direction` text NOT NULL,
	`path` text NOT NULL,
	`filename` text NOT NULL,
	`remove` integer NOT NULL,
	`archive_path` text,
	`lock_file` text,
	`temp_then_rename` integer NOT NULL,
	`settle_seconds` integer NOT NULL,
	`description` text
);
--> statement-breakpoint
CREATE TABLE `code_lists` (
	`list` text NOT NULL,
	`code` text NOT NULL,
	`value` text NOT NULL,
	`attributes` text NOT NULL,
	PRIMARY KEY(`list`, `code`)
);
--> statement-breakpoint
CREATE TABLE `confirm_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`active` integer NOT NULL,
	`confirm_type` text NOT NULL,
	`rule_type` text NOT NULL,
	`value` text,
	`negative` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `counters` (
	`name` text PRIMARY KEY NOT NULL,
	`value` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `partner_group_members` (
	`group_id` text NOT NULL,
	`partner_id` text NOT NULL,
	PRIMARY KEY(`group_id`, `partner_id`),
	FOREIGN KEY (`group_id`) REFERENCES `partner_groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `partner_group_members_partner` ON `partner_group_members` (`partner_id`);--> statement-breakpoint
CREATE TABLE `partner_groups` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text
);
--> statement-breakpoint
CREATE TABLE `partner_identifiers` (
	`partner_id` text NOT NULL,
	`qualifier` text NOT NULL,
	`value` text NOT NULL,
	`test` integer NOT NULL,
	PRIMARY KEY(`partner_id`, `qualifier`, `value`, `test`),
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `partner_identifiers_unique` ON `partner_identifiers` (`qualifier`,`value`,`test`);--> statement-breakpoint
CREATE TABLE `partners` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`active` integer NOT NULL,
	`envelope` text NOT NULL,
	`duplicates` text NOT NULL,
	`description` text
);
--> statement-breakpoint
CREATE TABLE `routes` (
	`id` text NOT NULL,
	`seq` integer NOT NULL,
	`active` integer NOT NULL,
	`not_in_default_run` integer NOT NULL,
	`from_channel` text,
	`from_editype` text,
	`from_messagetype` text,
	`translate` text NOT NULL,
	`to_channel` text,
	`to_editype` text,
	`to_messagetype` text,
	`to_partner` text,
	`from_partner` text,
	`test_indicator` integer,
	`defer` integer NOT NULL,
	`zip_in` integer NOT NULL,
	`zip_out` integer NOT NULL,
	`description` text,
	PRIMARY KEY(`id`, `seq`)
);
--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `translations` (
	`id` text PRIMARY KEY NOT NULL,
	`from_editype` text NOT NULL,
	`from_messagetype` text NOT NULL,
	`alt` text,
	`from_partner` text,
	`to_partner` text,
	`mapping` text NOT NULL,
	`to_editype` text NOT NULL,
	`to_messagetype` text NOT NULL,
	`active` integer NOT NULL,
	`description` text
);
--> statement-breakpoint
CREATE INDEX `translations_lookup` ON `translations` (`from_editype`,`from_messagetype`);