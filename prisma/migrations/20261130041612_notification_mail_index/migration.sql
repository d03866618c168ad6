-- CreateIndex
CREATE INDEX "Notification_mailedAt_userId_idx" ON "Notification"("mailedAt", "userId");
