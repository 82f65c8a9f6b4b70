export { RESERVED_COMMANDS } from '../../core/plugin-api/reserved-names.js';
