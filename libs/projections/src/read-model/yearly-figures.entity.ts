import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One agency's figures for one year, as served to the reporting UI. Written on demand the
 * first time a year is asked for, then kept current by the live projection.
 */
@Entity({ name: 'yearly_figures' })
export class YearlyFiguresEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  agency: string;

  @PrimaryColumn({ type: 'integer' })
  year: number;

  /** The figures document (JSON) including `previousYear`. */
  @Column({ type: 'text' })
  figures: string;

  /** Breakdown by department (JSON). */
  @Column({ type: 'text' })
  departments: string;

  /** Breakdown by item (JSON). */
  @Column({ type: 'text' })
  items: string;

  @Column({ type: 'varchar', length: 60, nullable: true, name: 'based_on_position' })
  basedOnPosition: string | null;

  @Column({ type: 'integer', name: 'projection_version' })
  projectionVersion: number;

  @Column({ type: 'varchar', length: 40, name: 'computed_at' })
  computedAt: string;
}
