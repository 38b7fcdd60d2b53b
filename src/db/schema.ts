/** D1 schema (drizzle). Mirrors migrations/*.sql, which are the source of truth for the database. */
import { sqliteTable, text } from "drizzle-orm/sqlite-core";

export const clusters = sqliteTable("clusters", {
  name: text("name").primaryKey(),
  tenant: text("tenant").notNull().default("local"),
  kubernetesVersion: text("kubernetes_version").notNull().default("1.32"),
  createdAt: text("created_at").notNull(),
});

export type ClusterRow = typeof clusters.$inferSelect;
