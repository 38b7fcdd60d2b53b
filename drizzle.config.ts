import { defineConfig } from "drizzle-kit";

// `npx drizzle-kit generate` writes new SQL migrations from src/db/schema.ts into migrations/.
export default defineConfig({
  dialect: "sqlite",
  schema: "./src/db/schema.ts",
  out: "./migrations",
});
