/** The devices a user may open sessions to. Today: the built-in demo router. */
import type { Device } from '../../protocol/index.js';
import type { DemoRouter } from '../ssh/demoRouter.js';
import type { SshTarget } from '../ssh/client.js';

export const demoDeviceId = 'dev_demo';

export class DeviceCatalog {
  constructor(private readonly demo: DemoRouter | null) {}

  list(): Device[] {
    if (!this.demo) return [];
    return [{ device_id: demoDeviceId, name: 'lab-rtr-01 (demo router)', host: this.demo.host, port: this.demo.port, kind: 'demo' }];
  }

  /** Connection details of a catalogue device, credentials included; null when unknown. */
  target(deviceId: string): (SshTarget & { name: string }) | null {
    if (deviceId !== demoDeviceId || !this.demo) return null;
    const { host, port, username, password, hostKey } = this.demo;
    return { host, port, username, password, expectedHostKey: hostKey, name: 'lab-rtr-01 (demo router)' };
  }
}
