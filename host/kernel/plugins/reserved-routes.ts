export { RESERVED_ROUTES, routeKey } from '../../../core/plugin-api/reserved-names.js';
