CREATE TABLE `job_executions` (
	`id` int AUTO_INCREMENT NOT NULL,
	`job_id` int NOT NULL,
	`attempt` int NOT NULL,
	`holder` varchar(255) NOT NULL,
	`outcome` varchar(64) NOT NULL,
	`run_id` varchar(26),
	`error` text,
	`started_at` datetime(3) NOT NULL,
	`finished_at` datetime(3),
	CONSTRAINT `job_executions_id` PRIMARY KEY(`id`),
	CONSTRAINT `job_executions_attempt` UNIQUE(`job_id`,`attempt`)
);
--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` int AUTO_INCREMENT NOT NULL,
	`kind` varchar(64) NOT NULL,
	`mode` varchar(64) NOT NULL,
	`routes` json NOT NULL,
	`priority` int NOT NULL,
	`status` varchar(64) NOT NULL,
	`dedup_key` text NOT NULL,
	`pending_key` varchar(255),
	`attempts` int NOT NULL,
	`max_attempts` int NOT NULL,
	`max_runtime_seconds` int NOT NULL,
	`run_after` datetime(3) NOT NULL,
	`lease_holder` varchar(255),
	`lease_expires` datetime(3),
	`source` text,
	`run_id` varchar(26),
	`progress` json,
	`result` json,
	`error` text,
	`created_at` datetime(3) NOT NULL,
	`started_at` datetime(3),
	`finished_at` datetime(3),
	CONSTRAINT `jobs_id` PRIMARY KEY(`id`),
	CONSTRAINT `jobs_pending_key` UNIQUE(`pending_key`)
);
--> statement-breakpoint
CREATE TABLE `monitored_folders` (
	`id` varchar(64) NOT NULL,
	`path` text NOT NULL,
	`mask` varchar(255) NOT NULL,
	`recursive` boolean NOT NULL,
	`route_id` varchar(64) NOT NULL,
	`active` boolean NOT NULL,
	CONSTRAINT `monitored_folders_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `schedule_firings` (
	`schedule_id` varchar(64) NOT NULL,
	`fire_at` datetime(3) NOT NULL,
	`job_id` int,
	`catch_up` boolean NOT NULL,
	`created_at` datetime(3) NOT NULL,
	CONSTRAINT `schedule_firings_schedule_id_fire_at_pk` PRIMARY KEY(`schedule_id`,`fire_at`)
);
--> statement-breakpoint
CREATE TABLE `schedules` (
	`id` varchar(64) NOT NULL,
	`cron` varchar(255) NOT NULL,
	`timezone` varchar(64),
	`kind` varchar(64) NOT NULL,
	`mode` varchar(64) NOT NULL,
	`routes` json NOT NULL,
	`priority` int NOT NULL,
	`active` boolean NOT NULL,
	`description` text,
	CONSTRAINT `schedules_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `routes` ADD `monitor` boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `job_executions_outcome` ON `job_executions` (`outcome`);--> statement-breakpoint
CREATE INDEX `jobs_claim` ON `jobs` (`status`,`priority`,`id`);--> statement-breakpoint
CREATE INDEX `jobs_lease` ON `jobs` (`status`,`lease_expires`);--> statement-breakpoint
CREATE INDEX `jobs_created` ON `jobs` (`created_at`);--> statement-breakpoint
CREATE INDEX `schedule_firings_job` ON `schedule_firings` (`job_id`);