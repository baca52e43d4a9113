-- AlterTable
ALTER TABLE "installation" ADD COLUMN     "consecutive_failures" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "last_sync_attempt_at" TIMESTAMPTZ(3),
ADD COLUMN     "next_attempt_at" TIMESTAMPTZ(3),
ADD COLUMN     "rate_limited_until" TIMESTAMPTZ(3),
ADD COLUMN     "sync_lock_id" UUID,
ADD COLUMN     "sync_locked_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "installing_user" ADD COLUMN     "teams" JSONB;

-- CreateTable
CREATE TABLE "bulk_resync" (
    "id" UUID NOT NULL,
    "query" TEXT NOT NULL DEFAULT '',
    "health" TEXT,
    "installation_ids" UUID[],
    "total" INTEGER NOT NULL,
    "succeeded" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "created_by" TEXT NOT NULL,
    "cancel_requested_at" TIMESTAMPTZ(3),
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "bulk_resync_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "installation_health_idx" ON "installation"("health");

-- CreateIndex
CREATE INDEX "bulk_resync_created_at_idx" ON "bulk_resync"("created_at");
