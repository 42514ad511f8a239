import { MigrationInterface, QueryRunner } from 'typeorm';

/** The read-model tables. Written for both PostgreSQL and SQLite: the column types used exist in both. */
export class CreateReadModels1764057600000 implements MigrationInterface {
  name = 'CreateReadModels1764057600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "projection_checkpoints" (
      "name" varchar(100) PRIMARY KEY NOT NULL,
      "version" integer NOT NULL,
      "position" varchar(60),
      "events_applied" bigint NOT NULL,
      "state" text,
      "updated_at" varchar(40) NOT NULL)`);
    await queryRunner.query(`CREATE TABLE "yearly_figures" (
      "agency" varchar(64) NOT NULL,
      "year" integer NOT NULL,
      "figures" text NOT NULL,
      "departments" text NOT NULL,
      "items" text NOT NULL,
      "based_on_position" varchar(60),
      "projection_version" integer NOT NULL,
      "computed_at" varchar(40) NOT NULL,
      PRIMARY KEY ("agency", "year"))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "yearly_figures"`);
    await queryRunner.query(`DROP TABLE "projection_checkpoints"`);
  }
}
