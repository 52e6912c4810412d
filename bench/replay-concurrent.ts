// Replays the concurrent clownschool trace (23,136 transactions by 3 agents typing at once) with
// each agent a separate client of the server, and checks that every client, and a client that
// connects afterwards, ends with the trace's end text. Baseline: the same replay between Y.Docs in
// this process, without the server. Trace: josephg/editing-traces (CC BY 4.0).
//
// A transaction's positions refer to the document at its parents, so an agent edits a replica
// that holds exactly that version: before an agent's transaction, its client must have received
// the parents from the server (we wait for that), and the replica then takes in just those
// transactions. The agent's edit goes from its replica into its client, which sends it.
import * as Y from 'yjs';
import { ms, runIfMain, type BenchOptions, type BenchResult } from './_util';
import { SOURCE, checkText, loadConcurrentTrace, type ConcurrentTrace } from './_trace';
import { benchText, connect, createDocument, disconnect, seedParagraph, startChildServer, textReaches, type BenchClient } from './collab-server';

const QUICK_TXNS = 400;

/** For each transaction, how many transactions of each agent its parents' version holds. */
function requiredCounts(trace: ConcurrentTrace): Int32Array[] {
  const after: Int32Array[] = [];
  const required: Int32Array[] = [];
  const seen = new Int32Array(trace.numAgents);
  trace.txns.forEach((txn, i) => {
    const need = new Int32Array(trace.numAgents);
    for (const p of txn.parents) for (let b = 0; b < need.length; b++) need[b] = Math.max(need[b], after[p][b]);
    if (need[txn.agent] !== seen[txn.agent]) throw new Error(`txn ${i}: agent ${txn.agent}'s transactions are not in order`);
    required.push(need);
    const mine = need.slice();
    mine[txn.agent] = ++seen[txn.agent];
    after.push(mine);
  });
  return required;
}

/** The first `count` transactions, kept only if they are closed under parents (they are: parents come first). */
function traceHead(trace: ConcurrentTrace, count: number): ConcurrentTrace {
  return { ...trace, txns: trace.txns.slice(0, count), endContent: '' };
}

interface Agent {
  replica: Y.Doc;
  /** How many transactions of each agent the replica holds. */
  holds: Int32Array;
  client?: BenchClient;
}

/** Per agent: the trace index of each of its transactions, and the Yjs clock after it. */
interface Log {
  txns: number[][];
  clocks: number[][];
}

/** Resolves once `doc` holds `clock` items of Yjs client `clientID`. */
function received(doc: Y.Doc, clientID: number, clock: number): Promise<void> | null {
  if (Y.getState(doc.store, clientID) >= clock) return null;
  return new Promise((resolve) => {
    const check = () => {
      if (Y.getState(doc.store, clientID) < clock) return;
      doc.off('update', check);
      resolve();
    };
    doc.on('update', check);
  });
}

async function replay(trace: ConcurrentTrace, agents: Agent[]): Promise<{ waits: number }> {
  const required = requiredCounts(trace);
  const log: Log = { txns: agents.map(() => []), clocks: agents.map(() => []) };
  const updates: Uint8Array[] = [];
  let waits = 0;
  for (let i = 0; i < trace.txns.length; i++) {
    const { agent: a, patches } = trace.txns[i];

    const agent = agents[a];
    const need = required[i];
    const parents: number[] = [];
    for (let b = 0; b < agents.length; b++) {
      if (b === a || need[b] <= agent.holds[b]) continue;
      // The client must have the parents from the server before the agent can see them.
      const arrival = agent.client && received(agent.client.doc, agents[b].replica.clientID, log.clocks[b][need[b] - 1]);
      if (arrival) {
        waits++;
        await arrival;
      }
      parents.push(...log.txns[b].slice(agent.holds[b], need[b]));
      agent.holds[b] = need[b];
    }
    // In trace order, which is causal: out of order, Yjs would park updates whose dependencies are missing.
    for (const p of parents.sort((x, y) => x - y)) Y.applyUpdate(agent.replica, updates[p], 'parents');
    const text = benchText(agent.replica);
    let update: Uint8Array | undefined;
    const capture = (u: Uint8Array) => {
      update = u;
    };
    agent.replica.once('update', capture);
    agent.replica.transact(() => {
      for (const [pos, del, ins] of patches) {
        if (del > 0) text.delete(pos, del);
        if (ins) text.insert(pos, ins);
      }
    });
    if (!update) {
      agent.replica.off('update', capture);
      update = new Uint8Array([0, 0]); // a transaction without patches (the last may have none)
    }
    updates.push(update);
    log.txns[a].push(i);
    log.clocks[a].push(Y.getState(agent.replica.store, agent.replica.clientID));
    agent.holds[a]++;
    if (agent.client) Y.applyUpdate(agent.client.doc, update, 'agent');
  }
  return { waits };
}

/** The one paragraph every replica types into (the server takes no bare Y.Text roots). */
const SEED = seedParagraph();

const newAgents = (n: number): Agent[] => Array.from({ length: n }, () => {
  const replica = new Y.Doc();
  Y.applyUpdate(replica, SEED);
  return { replica, holds: new Int32Array(n) };
});

/** The end text of a replay: the replica that holds everything. */
function finalText(agents: Agent[], trace: ConcurrentTrace): string {
  const all = new Y.Doc();
  for (const { replica } of agents) Y.applyUpdate(all, Y.encodeStateAsUpdate(replica));
  const text = benchText(all).toString();
  if (trace.endContent) checkText(text, trace.endContent, 'concurrent replay');
  return text;
}

export async function run({ quick = false }: BenchOptions = {}): Promise<BenchResult> {
  const full = loadConcurrentTrace();
  const trace = quick ? traceHead(full, QUICK_TXNS) : full;

  const local = newAgents(trace.numAgents);
  let t0 = performance.now();
  await replay(trace, local);
  const bareMs = performance.now() - t0;
  const expected = finalText(local, trace);

  const server = await startChildServer();
  try {
    const id = await createDocument(server.url, 'concurrent replay');
    const agents = newAgents(trace.numAgents);
    for (const agent of agents) {
      agent.client = await connect(server.url, id, { presence: false });
      Y.applyUpdate(agent.client.doc, SEED);
    }
    t0 = performance.now();
    const { waits } = await replay(trace, agents);
    await Promise.all(agents.map((agent) => textReaches(agent.client!, expected)));
    const serverMs = performance.now() - t0;
    const late = await connect(server.url, id, { presence: false });
    await textReaches(late, expected);
    finalText(agents, trace);
    disconnect([...agents.map((agent) => agent.client!), late]);
    const row = (setup: string, time: number, note: string) => ({
      setup,
      transactions: trace.txns.length,
      'time (ms)': ms(time),
      'ratio to baseline': (time / bareMs).toFixed(2),
      note,
    });
    return {
      name: `Concurrent replay of clownschool (${trace.numAgents} agents; ${SOURCE})`,
      rows: [
        row(`baseline: ${trace.numAgents} Y.Docs in one process`, bareMs, 'end text = the trace\'s endContent'),
        row(`${trace.numAgents} clients through the server`, serverMs, `${waits} waits for parents from the server; every client and a late client converge to the end text`),
      ],
    };
  } finally {
    await server.stop();
  }
}

runIfMain(import.meta.url, run);
