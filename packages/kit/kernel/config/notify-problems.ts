import type { ConfigProblem, NotifyTargetConfig } from '../../core/index.js';

/** An SMTP password written in the file instead of `${ENV}`/`${file:}`: refused like every secret. */
export function notifyProblems(
  notify: readonly NotifyTargetConfig[] | undefined,
  substitutedAt: ReadonlyMap<string, string>,
): ConfigProblem[] {
  return (notify ?? []).flatMap((target, i) => {
    const path = `notify[${i}].smtp.password`;
    const password = target.type === 'email' ? target.smtp.password : undefined;
    if (password === undefined || substitutedAt.has(path) || password.includes('${')) return [];
    return [{ path, message: 'is a secret and is never written in the file: use ${ENV_NAME} or ${file:path}' }];
  });
}
