CREATE TABLE `interchanges` (
	`sender` text NOT NULL,
	`receiver` text NOT NULL,
	`control_number` text NOT NULL,
	`ta_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`sender`, `receiver`, `control_number`)
);
--> statement-breakpoint
CREATE INDEX `interchanges_created` ON `interchanges` (`created_at`);--> statement-breakpoint
CREATE TABLE `persist` (
	`domain` text NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`domain`, `key`)
);
--> statement-breakpoint
ALTER TABLE `ta` ADD `child` text;--> statement-breakpoint
ALTER TABLE `ta` ADD `control` text;--> statement-breakpoint
ALTER TABLE `ta` ADD `confirm_asked` integer;--> statement-breakpoint
ALTER TABLE `ta` ADD `confirmed` text;--> statement-breakpoint
ALTER TABLE `ta` ADD `confirm_ta` text;--> statement-breakpoint
CREATE INDEX `ta_child` ON `ta` (`child`);--> statement-breakpoint
CREATE INDEX `ta_control` ON `ta` (`control`);--> statement-breakpoint
CREATE INDEX `ta_confirm` ON `ta` (`confirm_asked`,`confirmed`);