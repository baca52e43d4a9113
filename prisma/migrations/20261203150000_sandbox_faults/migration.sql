-- CreateTable
CREATE TABLE "sandbox_fault" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "hub_id" INTEGER,
    "path_prefix" TEXT,
    "probability" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "remaining" INTEGER,
    "options" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sandbox_fault_pkey" PRIMARY KEY ("id")
);
