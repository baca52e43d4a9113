-- Trigram indexes make substring search on domain, email and name fast.
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateEnum
CREATE TYPE "token_health" AS ENUM ('HEALTHY', 'ACCESS_TOKEN_EXPIRED', 'DEGRADED', 'MISSING_SCOPES', 'UNINSTALLED');

-- CreateEnum
CREATE TYPE "event_kind" AS ENUM ('INSTALL', 'REINSTALL', 'RESYNC', 'REFRESH', 'FAILURE', 'UNINSTALL');

-- CreateTable
CREATE TABLE "portal" (
    "hub_id" INTEGER NOT NULL,
    "domain" TEXT,
    "ui_domain" TEXT,
    "account_type" TEXT,
    "time_zone" TEXT,
    "company_currency" TEXT,
    "additional_currencies" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "utc_offset" TEXT,
    "data_hosting_location" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "portal_pkey" PRIMARY KEY ("hub_id")
);

-- CreateTable
CREATE TABLE "installing_user" (
    "id" UUID NOT NULL,
    "hub_id" INTEGER NOT NULL,
    "user_id" INTEGER NOT NULL,
    "email" TEXT NOT NULL,
    "first_name" TEXT,
    "last_name" TEXT,
    "full_name" TEXT NOT NULL DEFAULT '',
    "role_id" TEXT,
    "role_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "super_admin" BOOLEAN NOT NULL DEFAULT false,
    "primary_team_id" TEXT,
    "secondary_team_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "job_title" TEXT,
    "working_hours" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "installing_user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "installation" (
    "id" UUID NOT NULL,
    "hub_id" INTEGER NOT NULL,
    "app_id" INTEGER,
    "client_id" TEXT NOT NULL,
    "installing_user_id" UUID,
    "installer_email" TEXT,
    "scopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "token_type" TEXT NOT NULL,
    "token_use" TEXT,
    "is_private_distribution" BOOLEAN,
    "access_token_enc" TEXT NOT NULL,
    "refresh_token_enc" TEXT NOT NULL,
    "access_token_expires_at" TIMESTAMPTZ(3) NOT NULL,
    "access_token_refreshed_at" TIMESTAMPTZ(3) NOT NULL,
    "health" "token_health" NOT NULL DEFAULT 'HEALTHY',
    "health_reason" TEXT NOT NULL DEFAULT '',
    "installed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_installed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_synced_at" TIMESTAMPTZ(3),
    "uninstalled_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "installation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "installation_event" (
    "id" UUID NOT NULL,
    "installation_id" UUID NOT NULL,
    "kind" "event_kind" NOT NULL,
    "actor" TEXT NOT NULL DEFAULT 'system',
    "outcome" TEXT NOT NULL DEFAULT 'ok',
    "message" TEXT NOT NULL DEFAULT '',
    "details" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "installation_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "oauth_state" (
    "state_hash" TEXT NOT NULL,
    "browser_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "oauth_state_pkey" PRIMARY KEY ("state_hash")
);

-- CreateTable
CREATE TABLE "sandbox_grant" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "hub_id" INTEGER NOT NULL,
    "user_id" INTEGER NOT NULL,
    "scopes" TEXT[],
    "client_id" TEXT NOT NULL,
    "redirect_uri" TEXT,
    "expires_at" TIMESTAMPTZ(3),
    "used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sandbox_grant_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "portal_domain_trgm_idx" ON "portal" USING GIN ("domain" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "installing_user_email_trgm_idx" ON "installing_user" USING GIN ("email" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "installing_user_full_name_trgm_idx" ON "installing_user" USING GIN ("full_name" gin_trgm_ops);

-- CreateIndex
CREATE UNIQUE INDEX "installing_user_hub_id_user_id_key" ON "installing_user"("hub_id", "user_id");

-- CreateIndex
CREATE UNIQUE INDEX "installation_hub_id_key" ON "installation"("hub_id");

-- CreateIndex
CREATE INDEX "installation_installed_at_idx" ON "installation"("installed_at");

-- CreateIndex
CREATE INDEX "installation_last_synced_at_idx" ON "installation"("last_synced_at");

-- CreateIndex
CREATE INDEX "installation_access_token_expires_at_idx" ON "installation"("access_token_expires_at");

-- CreateIndex
CREATE INDEX "installation_event_installation_id_created_at_idx" ON "installation_event"("installation_id", "created_at");

-- CreateIndex
CREATE INDEX "oauth_state_expires_at_idx" ON "oauth_state"("expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "sandbox_grant_secret_hash_key" ON "sandbox_grant"("secret_hash");

-- CreateIndex
CREATE INDEX "sandbox_grant_hub_id_kind_idx" ON "sandbox_grant"("hub_id", "kind");

-- AddForeignKey
ALTER TABLE "installing_user" ADD CONSTRAINT "installing_user_hub_id_fkey" FOREIGN KEY ("hub_id") REFERENCES "portal"("hub_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "installation" ADD CONSTRAINT "installation_hub_id_fkey" FOREIGN KEY ("hub_id") REFERENCES "portal"("hub_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "installation" ADD CONSTRAINT "installation_installing_user_id_fkey" FOREIGN KEY ("installing_user_id") REFERENCES "installing_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "installation_event" ADD CONSTRAINT "installation_event_installation_id_fkey" FOREIGN KEY ("installation_id") REFERENCES "installation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
