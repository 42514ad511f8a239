import { ApiProperty } from '@nestjs/swagger';

export class RegionDto {
  @ApiProperty({ example: '440700', description: 'The region code (e.g. the GB/T 2260 division code)' })
  readonly code: string;
  @ApiProperty({ example: '江门市', description: 'Display name' }) readonly name: string;
  @ApiProperty({ enum: ['province', 'city', 'county'] }) readonly level: 'province' | 'city' | 'county';
  @ApiProperty({
    type: 'string',
    nullable: true,
    example: '440000',
    description: 'The parent region: a city lies in a province, a county or district in a city; null for a province',
  })
  readonly parent: string | null;
}

export class AgencyPlacementDto {
  @ApiProperty({ example: 'jiangmen-psb', description: "The agency id the ledger's events carry" })
  readonly agency: string;
  @ApiProperty({ example: '江门市公安局', description: 'Display name' }) readonly name: string;
  @ApiProperty({ example: '440700', description: 'The region the agency belongs to' }) readonly region: string;
}

export class RegionHierarchyBodyDto {
  @ApiProperty({ type: [RegionDto] }) readonly regions: RegionDto[];
  @ApiProperty({ type: [AgencyPlacementDto] }) readonly agencies: AgencyPlacementDto[];
}

export class RegionHierarchyDto extends RegionHierarchyBodyDto {
  @ApiProperty({ description: '1 for the first hierarchy loaded, one more per change' }) readonly version: number;
}

export class RegionLoadResultDto {
  @ApiProperty({ example: 'region-all.hierarchy' }) readonly streamId: string;
  @ApiProperty() readonly version: number;
  @ApiProperty() readonly revision: number;
  @ApiProperty({ type: 'string', nullable: true }) readonly position: string | null;
  @ApiProperty({ type: [String] }) readonly eventIds: string[];
  @ApiProperty({ description: 'True when the hierarchy equals the latest loaded: nothing was recorded' })
  readonly unchanged: boolean;
  @ApiProperty() readonly regions: number;
  @ApiProperty() readonly agencies: number;
}
