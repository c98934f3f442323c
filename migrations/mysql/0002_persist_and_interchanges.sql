CREATE TABLE `interchanges` (
	`sender` varchar(128) NOT NULL,
	`receiver` varchar(128) NOT NULL,
	`control_number` varchar(64) NOT NULL,
	`ta_id` varchar(26) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	CONSTRAINT `interchanges_sender_receiver_control_number_pk` PRIMARY KEY(`sender`,`receiver`,`control_number`)
);
--> statement-breakpoint
CREATE TABLE `persist` (
	`domain` varchar(255) NOT NULL,
	`key` varchar(255) NOT NULL,
	`value` text NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `persist_domain_key_pk` PRIMARY KEY(`domain`,`key`)
);
--> statement-breakpoint
ALTER TABLE `ta` ADD `child` varchar(26);--> statement-breakpoint
ALTER TABLE `ta` ADD `control` varchar(64);--> statement-breakpoint
ALTER TABLE `ta` ADD `confirm_asked` boolean;--> statement-breakpoint
ALTER TABLE `ta` ADD `confirmed` varchar(64);--> statement-breakpoint
ALTER TABLE `ta` ADD `confirm_ta` varchar(26);--> statement-breakpoint
CREATE INDEX `interchanges_created` ON `interchanges` (`created_at`);--> statement-breakpoint
CREATE INDEX `ta_child` ON `ta` (`child`);--> statement-breakpoint
CREATE INDEX `ta_control` ON `ta` (`control`);--> statement-breakpoint
CREATE INDEX `ta_confirm` ON `ta` (`confirm_asked`,`confirmed`);