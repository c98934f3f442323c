CREATE TABLE `api_tokens` (
	`id` varchar(26) NOT NULL,
	`name` varchar(64) NOT NULL,
	`token_hash` varchar(64) NOT NULL,
	`prefix` varchar(64) NOT NULL,
	`scopes` json NOT NULL,
	`created_by` varchar(255),
	`created_at` datetime(3) NOT NULL,
	`expires_at` datetime(3),
	`last_used_at` datetime(3),
	`revoked_at` datetime(3),
	CONSTRAINT `api_tokens_id` PRIMARY KEY(`id`),
	CONSTRAINT `api_tokens_hash` UNIQUE(`token_hash`)
);
--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` int AUTO_INCREMENT NOT NULL,
	`at` datetime(3) NOT NULL,
	`actor` varchar(255) NOT NULL,
	`action` varchar(64) NOT NULL,
	`entity` varchar(64) NOT NULL,
	`entity_id` varchar(255),
	`before` json,
	`after` json,
	`address` varchar(64),
	CONSTRAINT `audit_log_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`key_hash` varchar(64) NOT NULL,
	`request_hash` varchar(64) NOT NULL,
	`answer` json,
	`created_at` datetime(3) NOT NULL,
	CONSTRAINT `idempotency_keys_key_hash` PRIMARY KEY(`key_hash`)
);
--> statement-breakpoint
CREATE TABLE `login_attempts` (
	`key` varchar(255) NOT NULL,
	`failures` int NOT NULL,
	`window_start` datetime(3) NOT NULL,
	`locked_until` datetime(3),
	CONSTRAINT `login_attempts_key` PRIMARY KEY(`key`)
);
--> statement-breakpoint
CREATE TABLE `one_time_tokens` (
	`token_hash` varchar(64) NOT NULL,
	`purpose` varchar(64) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`expires_at` datetime(3) NOT NULL,
	`used_at` datetime(3),
	CONSTRAINT `one_time_tokens_token_hash` PRIMARY KEY(`token_hash`)
);
--> statement-breakpoint
CREATE TABLE `secrets` (
	`name` varchar(64) NOT NULL,
	`value` text NOT NULL,
	`description` text,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	`updated_by` varchar(255),
	CONSTRAINT `secrets_name` PRIMARY KEY(`name`)
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` varchar(64) NOT NULL,
	`user_id` varchar(26) NOT NULL,
	`csrf_token` varchar(64) NOT NULL,
	`origin` varchar(64) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`last_seen_at` datetime(3) NOT NULL,
	`expires_at` datetime(3) NOT NULL,
	CONSTRAINT `sessions_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` varchar(26) NOT NULL,
	`username` varchar(64) NOT NULL,
	`display_name` text,
	`role` varchar(64) NOT NULL,
	`password_hash` text,
	`active` boolean NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `users_id` PRIMARY KEY(`id`),
	CONSTRAINT `users_username` UNIQUE(`username`)
);
--> statement-breakpoint
DROP INDEX `runs_status` ON `runs`;--> statement-breakpoint
DROP INDEX `runs_started_at` ON `runs`;--> statement-breakpoint
DROP INDEX `ta_confirm` ON `ta`;--> statement-breakpoint
DROP INDEX `ta_status_result` ON `ta`;--> statement-breakpoint
CREATE INDEX `api_tokens_name` ON `api_tokens` (`name`);--> statement-breakpoint
CREATE INDEX `audit_log_at` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `audit_log_entity` ON `audit_log` (`entity`,`entity_id`);--> statement-breakpoint
CREATE INDEX `idempotency_keys_created` ON `idempotency_keys` (`created_at`);--> statement-breakpoint
CREATE INDEX `sessions_user` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE INDEX `sessions_expires` ON `sessions` (`expires_at`);--> statement-breakpoint
CREATE INDEX `ta_status_created` ON `ta` (`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `ta_status_from_partner` ON `ta` (`status`,`from_partner`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `ta_status_to_partner` ON `ta` (`status`,`to_partner`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `runs_status` ON `runs` (`status`,`started_at`,`id`);--> statement-breakpoint
CREATE INDEX `runs_started_at` ON `runs` (`started_at`,`id`);--> statement-breakpoint
CREATE INDEX `ta_confirm` ON `ta` (`confirm_asked`,`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `ta_status_result` ON `ta` (`status`,`result`,`created_at`,`id`);