// Placeholder: replaced by the mapping engine (issue 5).
import type { MappingConfig } from '../config-types.js';
import type { RowMapper } from './row-mapper.js';
export function compileMapping(config: MappingConfig): RowMapper {
  throw new Error(`compileMapping not implemented yet (${config.identification})`);
}
