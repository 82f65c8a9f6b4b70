import { expect } from 'chai';
import { CancelledError } from 'tributary-kit';
import { PageBudget } from '../src/page-budget.js';

/** Takes a ticket for range `index` and records, in `granted`, when it comes. */
function taking(budget: PageBudget, index: number, granted: number[], signal = new AbortController().signal) {
  return budget.take(index, signal).then(() => void granted.push(index));
}

/** Lets every settled promise's reactions run. */
const settled = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('salesforce-user-attributes PageBudget', () => {
  it('gives tickets up to its limit, then to the waiting range nearest the head as each comes back', async () => {
    const budget = new PageBudget(2);
    const granted: number[] = [];
    void taking(budget, 3, granted);
    void taking(budget, 4, granted);
    void taking(budget, 7, granted);
    void taking(budget, 5, granted);
    await settled();
    expect([granted, budget.held]).to.deep.equal([[3, 4], 2]);
    budget.give();
    await settled();
    expect([granted, budget.held]).to.deep.equal([[3, 4, 5], 2]);
    budget.give(2);
    await settled();
    expect([granted, budget.held, budget.peak]).to.deep.equal([[3, 4, 5, 7], 1, 2]);
  });

  it('the range the sink reads, or one before it, never waits: it is what gives the tickets back', async () => {
    const budget = new PageBudget(1);
    const granted: number[] = [];
    void taking(budget, 1, granted);
    void taking(budget, 2, granted);
    void taking(budget, 0, granted); // the head (0) past the limit
    await settled();
    expect([granted, budget.held]).to.deep.equal([[1, 0], 2]);
    budget.setHead(2);
    await settled();
    expect([granted, budget.held, budget.peak]).to.deep.equal([[1, 0, 2], 3, 3]);
  });

  it('a stream cancelled while it waits takes no ticket', async () => {
    const budget = new PageBudget(1);
    const granted: number[] = [];
    await taking(budget, 0, granted);
    const controller = new AbortController();
    const waiting = taking(budget, 1, granted, controller.signal);
    controller.abort();
    const error = await waiting.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(CancelledError);
    budget.give();
    await settled();
    expect([granted, budget.held]).to.deep.equal([[0], 0]);
    await budget.take(1, controller.signal).catch((e: unknown) => expect(e).to.be.instanceOf(CancelledError));
    expect(budget.held).to.equal(0);
  });
});
