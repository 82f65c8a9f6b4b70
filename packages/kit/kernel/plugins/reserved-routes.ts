export { routeKey } from '../../core/plugin-api/reserved-names.js';
