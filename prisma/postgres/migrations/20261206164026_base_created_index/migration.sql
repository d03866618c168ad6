-- CreateIndex
CREATE INDEX "Base_createdAt_id_idx" ON "Base"("createdAt", "id");
