/**
 * `tributary-host/testing`: test a plugin against the real host. See docs/plugins.md, "Testing with the kit".
 */
export * from './host/testing/index.js';
