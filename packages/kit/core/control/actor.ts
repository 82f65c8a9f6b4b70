/**
 * Who asked for an operator action: the name of the API token that authorised it (`token` for
 * `server.token`, the entry's `name` for one of `server.tokens`), or `cli` for a command on the
 * machine, and the client address when it came over HTTP.
 */
export interface Actor {
  readonly name: string;
  readonly address?: string;
}

/** The actor of a command typed on the machine. */
export const CLI_ACTOR: Actor = Object.freeze({ name: 'cli' });

/** `name` or `name (address)`, as audit lines and descriptions show an actor. */
export function describeActor(actor: Actor): string {
  return actor.address ? `${actor.name} (${actor.address})` : actor.name;
}
