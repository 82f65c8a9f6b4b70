import { compileMappingPlan, type MappingConfig, type MappingPlan } from '../../core/index.js';

/** Plans already compiled, by the mapping config they were compiled from. */
const plans = new WeakMap<MappingConfig, MappingPlan>();

/** True when the plan was compiled from this config as it is now (a config object changed in place is compiled again). */
function planMatches(plan: MappingPlan, config: MappingConfig): boolean {
  return (
    plan.identification.source === config.identification &&
    plan.identifierKind === config.identifier &&
    plan.clearMissing === (config.onMissingValue !== 'keep') &&
    plan.fields.length === config.fields.length &&
    plan.fields.every((f, i) => f.source === config.fields[i]?.source && f.target === config.fields[i]?.target)
  );
}

/**
 * The plan of a connector's mapping, compiled once per config: `validate` compiles it, and every run
 * of the same connector config reuses it (a plan is plain, immutable data). Throws the
 * ConfigProblemsError of compileMappingPlan; a mapping that does not compile is not remembered.
 */
export function mappingPlanOf(config: MappingConfig): MappingPlan {
  const known = plans.get(config);
  if (known && planMatches(known, config)) return known;
  const plan = compileMappingPlan(config);
  plans.set(config, plan);
  return plan;
}
