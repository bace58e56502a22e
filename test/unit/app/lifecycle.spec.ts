import { Lifecycle, type Component } from '../../../src/app/lifecycle';
import { createLogger } from '../../../src/platform/logger';

const logger = createLogger('silent');

/** A component that writes what happens to it into `journal`. */
function component(name: string, journal: string[], behaviour: { failStart?: boolean; failStop?: boolean; hangOnStop?: boolean } = {}): Component {
  return {
    name,
    start: async () => {
      journal.push(`start ${name}`);
      if (behaviour.failStart) throw new Error(`${name} could not start`);
    },
    stop: async () => {
      journal.push(`stop ${name}`);
      if (behaviour.failStop) throw new Error(`${name} could not stop`);
      if (behaviour.hangOnStop) await new Promise(() => undefined);
    },
  };
}

describe(Lifecycle.name, () => {
  afterEach(() => jest.useRealTimers());

  it('should stop what it started in reverse order, owned resources and components alike', async () => {
    const journal: string[] = [];
    const lifecycle = new Lifecycle(logger, 1000);
    lifecycle.own('pool', 'the pool', (pool) => void journal.push(`close ${pool}`));
    await lifecycle.start(component('relay', journal));
    await lifecycle.start(component('consumer', journal));
    await lifecycle.stop();
    expect(journal).toEqual(['start relay', 'start consumer', 'stop consumer', 'stop relay', 'close the pool']);
  });

  it('should stop each part once, even when stopped twice', async () => {
    const journal: string[] = [];
    const lifecycle = new Lifecycle(logger, 1000);
    await lifecycle.start(component('relay', journal));
    await lifecycle.stop();
    await lifecycle.stop();
    expect(journal).toEqual(['start relay', 'stop relay']);
  });

  it('should stop the rest when one part fails to stop, then report the first failure', async () => {
    const journal: string[] = [];
    const lifecycle = new Lifecycle(logger, 1000);
    await lifecycle.start(component('first', journal, { failStop: true }));
    await lifecycle.start(component('second', journal, { failStop: true }));
    await lifecycle.start(component('third', journal));
    await expect(lifecycle.stop()).rejects.toThrow('second could not stop');
    expect(journal).toEqual(['start first', 'start second', 'start third', 'stop third', 'stop second', 'stop first']);
  });

  it('should give up on a part that overruns the shutdown deadline and still stop the others', async () => {
    jest.useFakeTimers();
    const journal: string[] = [];
    const lifecycle = new Lifecycle(logger, 5000);
    await lifecycle.start(component('database', journal));
    await lifecycle.start(component('stuck', journal, { hangOnStop: true }));
    const stopping = lifecycle.stop();
    await jest.advanceTimersByTimeAsync(4999);
    expect(journal).toEqual(['start database', 'start stuck', 'stop stuck']);
    await jest.advanceTimersByTimeAsync(1);
    await stopping;
    expect(journal).toEqual(['start database', 'start stuck', 'stop stuck', 'stop database']);
  });

  it('should stop what a failed start had started, including the part that failed, and rethrow', async () => {
    const journal: string[] = [];
    const lifecycle = new Lifecycle(logger, 1000);
    const starting = lifecycle.startAll(async () => {
      await lifecycle.start(component('relay', journal));
      await lifecycle.start(component('consumer', journal, { failStart: true }));
      await lifecycle.start(component('never', journal));
    });
    await expect(starting).rejects.toThrow('consumer could not start');
    expect(journal).toEqual(['start relay', 'start consumer', 'stop consumer', 'stop relay']);
  });
});
