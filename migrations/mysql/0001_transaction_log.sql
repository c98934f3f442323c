CREATE TABLE `file_reports` (
	`ta_id` varchar(26) NOT NULL,
	`run_id` varchar(26) NOT NULL,
	`route_id` varchar(64),
	`filename` text NOT NULL,
	`status` varchar(64) NOT NULL,
	`counts` json NOT NULL,
	`error` text,
	`created_at` datetime(3) NOT NULL,
	CONSTRAINT `file_reports_ta_id` PRIMARY KEY(`ta_id`)
);
--> statement-breakpoint
CREATE TABLE `route_leases` (
	`route_id` varchar(64) NOT NULL,
	`run_id` varchar(26) NOT NULL,
	`holder` varchar(255) NOT NULL,
	`acquired_at` datetime(3) NOT NULL,
	`expires_at` datetime(3) NOT NULL,
	CONSTRAINT `route_leases_route_id` PRIMARY KEY(`route_id`)
);
--> statement-breakpoint
CREATE TABLE `runs` (
	`id` varchar(26) NOT NULL,
	`mode` varchar(64) NOT NULL,
	`status` varchar(64) NOT NULL,
	`started_at` datetime(3) NOT NULL,
	`ended_at` datetime(3),
	`routes` json NOT NULL,
	`counts` json NOT NULL,
	`error` text,
	CONSTRAINT `runs_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `ta` (
	`id` varchar(26) NOT NULL,
	`run_id` varchar(26) NOT NULL,
	`parent` varchar(26),
	`status` varchar(64) NOT NULL,
	`result` varchar(64) NOT NULL,
	`route_id` varchar(64),
	`from_channel` varchar(64),
	`to_channel` varchar(64),
	`from_partner` varchar(64),
	`to_partner` varchar(64),
	`editype` varchar(64),
	`messagetype` varchar(64),
	`alt` varchar(64),
	`reference` varchar(255),
	`filename` text,
	`content_path` text,
	`content_offset` bigint,
	`content_length` bigint,
	`charset` varchar(64),
	`test_indicator` boolean,
	`error` text,
	`messages` int NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `ta_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE INDEX `file_reports_run` ON `file_reports` (`run_id`);--> statement-breakpoint
CREATE INDEX `route_leases_run` ON `route_leases` (`run_id`);--> statement-breakpoint
CREATE INDEX `runs_status` ON `runs` (`status`);--> statement-breakpoint
CREATE INDEX `runs_started_at` ON `runs` (`started_at`);--> statement-breakpoint
CREATE INDEX `ta_run` ON `ta` (`run_id`);--> statement-breakpoint
CREATE INDEX `ta_parent` ON `ta` (`parent`);--> statement-breakpoint
CREATE INDEX `ta_status_result` ON `ta` (`status`,`result`);--> statement-breakpoint
CREATE INDEX `ta_result_run` ON `ta` (`result`,`run_id`);--> statement-breakpoint
CREATE INDEX `ta_reference` ON `ta` (`reference`);