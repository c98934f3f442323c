CREATE TABLE `job_executions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job_id` integer NOT NULL,
	`attempt` integer NOT NULL,
	`holder` text NOT NULL,
	`outcome` text NOT NULL,
	`run_id` text,
	`error` text,
	`started_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `job_executions_attempt` ON `job_executions` (`job_id`,`attempt`);--> statement-breakpoint
CREATE INDEX `job_executions_outcome` ON `job_executions` (`outcome`);--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`mode` text NOT NULL,
	`routes` text NOT NULL,
	`priority` integer NOT NULL,
	`status` text NOT NULL,
	`dedup_key` text NOT NULL,
	`pending_key` text,
	`attempts` integer NOT NULL,
	`max_attempts` integer NOT NULL,
	`max_runtime_seconds` integer NOT NULL,
	`run_after` integer NOT NULL,
	`lease_holder` text,
	`lease_expires` integer,
	`source` text,
	`run_id` text,
	`progress` text,
	`result` text,
	`error` text,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `jobs_pending_key` ON `jobs` (`pending_key`);--> statement-breakpoint
CREATE INDEX `jobs_claim` ON `jobs` (`status`,`priority`,`id`);--> statement-breakpoint
CREATE INDEX `jobs_lease` ON `jobs` (`status`,`lease_expires`);--> statement-breakpoint
CREATE INDEX `jobs_created` ON `jobs` (`created_at`);--> statement-breakpoint
CREATE TABLE `monitored_folders` (
	`id` text PRIMARY KEY NOT NULL,
	`path` text NOT NULL,
	`mask` text NOT NULL,
	`recursive` integer NOT NULL,
	`route_id` text NOT NULL,
	`active` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `schedule_firings` (
	`schedule_id` text NOT NULL,
	`fire_at` integer NOT NULL,
	`job_id` integer,
	`catch_up` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`schedule_id`, `fire_at`)
);
--> statement-breakpoint
CREATE INDEX `schedule_firings_job` ON `schedule_firings` (`job_id`);--> statement-breakpoint
CREATE TABLE `schedules` (
	`id` text PRIMARY KEY NOT NULL,
	`cron` text NOT NULL,
	`timezone` text,
	`kind` text NOT NULL,
	`mode` text NOT NULL,
	`routes` text NOT NULL,
	`priority` integer NOT NULL,
	`active` integer NOT NULL,
	`description` text
);
--> statement-breakpoint
ALTER TABLE `routes` ADD `monitor` integer DEFAULT false NOT NULL;