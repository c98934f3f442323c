CREATE TABLE `file_reports` (
	`ta_id` text PRIMARY KEY NOT NULL,
	`run_id` text NOT NULL,
	`route_id` text,
	`filename` text NOT NULL,
	`status` text NOT NULL,
	`counts` text NOT NULL,
	`error` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `file_reports_run` ON `file_reports` (`run_id`);--> statement-breakpoint
CREATE TABLE `route_leases` (
	`route_id` text PRIMARY KEY NOT NULL,
	`run_id` text NOT NULL,
	`holder` text NOT NULL,
	`acquired_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `route_leases_run` ON `route_leases` (`run_id`);--> statement-breakpoint
CREATE TABLE `runs` (
	`id` text PRIMARY KEY NOT NULL,
	`mode` text NOT NULL,
	`status` text NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	`routes` text NOT NULL,
	`counts` text NOT NULL,
	`error` text
);
--> statement-breakpoint
CREATE INDEX `runs_status` ON `runs` (`status`);--> statement-breakpoint
CREATE INDEX `runs_started_at` ON `runs` (`started_at`);--> statement-breakpoint
CREATE TABLE `ta` (
	`id` text PRIMARY KEY NOT NULL,
	`run_id` text NOT NULL,
	`parent` text,
	`status` text NOT NULL,
	`result` text NOT NULL,
	`route_id` text,
	`from_channel` text,
	`to_channel` text,
	`from_partner` text,
	`to_partner` text,
	`editype` text,
	`messagetype` text,
	`alt` text,
	`reference` text,
	`filename` text,
	`content_path` text,
	`content_offset` integer,
	`content_length` integer,
	`charset` text,
	`test_indicator` integer,
	`error` text,
	`messages` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `ta_run` ON `ta` (`run_id`);--> statement-breakpoint
CREATE INDEX `ta_parent` ON `ta` (`parent`);--> statement-breakpoint
CREATE INDEX `ta_status_result` ON `ta` (`status`,`result`);--> statement-breakpoint
CREATE INDEX `ta_result_run` ON `ta` (`result`,`run_id`);--> statement-breakpoint
CREATE INDEX `ta_reference` ON `ta` (`reference`);