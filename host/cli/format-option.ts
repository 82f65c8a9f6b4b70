import { ConfigError, type CommandArgs } from 'tributary-kit';

/** `--format`: one of `formats` (the first when absent); a usage error naming them otherwise. */
export function formatOption<F extends string>(
  args: CommandArgs,
  command: string,
  formats: readonly [F, ...F[]],
  given: unknown = args.options['format'],
): F {
  const format = given ?? formats[0];
  if (!formats.includes(format as F))
    throw new ConfigError('USAGE', `Unknown format "${String(format)}" for ${command}: use ${formats.join(' or ')}`);
  return format as F;
}
