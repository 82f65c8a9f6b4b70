/**
 * What the host does with an error. The category, not the class, drives behaviour:
 * - `config`: the configuration or a secret is wrong; never retried, the run fails, the operator must act.
 * - `auth`: authentication was refused; never retried (one re-authentication is the connector's business).
 * - `transient`: a network error, a 5xx, a rate limit; retried with backoff by the client that saw it.
 * - `fatal`: the source or sink answered with an error that retrying cannot fix; the run fails.
 * - `row`: one row cannot be processed; it is skipped and counted, the run goes on (status partial).
 * - `cancelled`: the run was stopped from outside (signal, shutdown); it fails without writing.
 * - `plugin`: a plugin is broken (bad manifest, throws on load); nothing runs.
 */
export type ErrorCategory = 'config' | 'auth' | 'transient' | 'fatal' | 'row' | 'cancelled' | 'plugin';
