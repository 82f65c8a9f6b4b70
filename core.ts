/**
 * `tributary-host/core`: the plugin API. The same module as the package `tributary-kit`, so a plugin built
 * against either shares one instance of its classes with the host.
 */
export * from 'tributary-kit';
