/** Prometheus metrics of the relay and the shares (prom-client), one registry per server. */
import client from 'prom-client';

export function createMetrics(instanceId: string, countActiveShares: () => Promise<number> = async () => 0) {
  const registry = new client.Registry();
  registry.setDefaultLabels({ instance_id: instanceId });
  client.collectDefaultMetrics({ register: registry });
  return {
    registry,
    viewers: new client.Gauge({ name: 'ns_viewers_connected', help: 'Viewer sockets connected to this instance', registers: [registry] }),
    framesRelayed: new client.Counter({ name: 'ns_frames_relayed_total', help: 'Frames sent to sockets by this instance', registers: [registry] }),
    fanoutSeconds: new client.Histogram({
      name: 'ns_relay_fanout_seconds',
      help: 'Time to hand one frame to every local socket of a session',
      buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1],
      registers: [registry],
    }),
    slowClosed: new client.Counter({ name: 'ns_viewers_too_slow_total', help: 'Viewers closed with 4408', registers: [registry] }),
    joins: new client.Counter({ name: 'ns_viewer_joins_total', help: 'Viewer join attempts by outcome', labelNames: ['outcome'] as const, registers: [registry] }),
    sharesActive: new client.Gauge({
      name: 'ns_shares_active',
      help: 'Active shares in the store (all instances)',
      registers: [registry],
      async collect() {
        this.set(await countActiveShares().catch(() => 0));
      },
    }),
    maskedValues: new client.Counter({
      name: 'ns_masked_values_total',
      help: 'Secret values masked in the viewers\' stream, per session hosted here (DESIGN.md §13)',
      labelNames: ['session_id'] as const,
      registers: [registry],
    }),
    recording: {
      chunksWritten: new client.Counter({ name: 'ns_recording_chunks_written_total', help: 'Recording chunks written to the store (DESIGN.md §14)', registers: [registry] }),
      failedWrites: new client.Counter({ name: 'ns_recording_write_failures_total', help: 'Recording writes that failed and wait for a retry', registers: [registry] }),
      droppedChunks: new client.Counter({ name: 'ns_recording_chunks_dropped_total', help: 'Recording chunks dropped because the store stayed down past the backlog bound', registers: [registry] }),
    },
    brokerConnected: new client.Gauge({ name: 'ns_broker_connected', help: '1 when the broker is connected', registers: [registry] }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
export type RelayMetrics = Pick<Metrics, 'viewers' | 'framesRelayed' | 'fanoutSeconds' | 'slowClosed'>;
