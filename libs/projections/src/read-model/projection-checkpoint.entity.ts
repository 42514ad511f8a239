import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Where a projection stands: the last position applied, under which version of its code. */
@Entity({ name: 'projection_checkpoints' })
export class ProjectionCheckpointEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'integer' })
  version: number;

  /** Port position as text (`commit` or `commit/prepare`); null before the first event. */
  @Column({ type: 'varchar', length: 60, nullable: true })
  position: string | null;

  @Column({
    type: 'bigint',
    name: 'events_applied',
    transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) },
  })
  eventsApplied: number;

  /** The projection's working state at `position` (JSON), so a restart resumes without replaying everything. */
  @Column({ type: 'text', nullable: true })
  state: string | null;

  @Column({ type: 'varchar', length: 40, name: 'updated_at' })
  updatedAt: string;
}
