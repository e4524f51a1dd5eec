/**
 * The only places server→client frames become JSON text: one encoder per socket kind, typed by
 * the protocol/ schemas, so a frame the server sends cannot drift from what clients parse.
 */
import type { OwnerFrame, StatusFrame, ViewerFrame } from '../../protocol/index.js';
import type { StatusBody } from '../domain/admission.js';

export function encodeViewerFrame(frame: ViewerFrame): string {
  return JSON.stringify(frame);
}

export function encodeOwnerFrame(frame: OwnerFrame): string {
  return JSON.stringify(frame);
}

export function statusFrame(body: StatusBody, timestamp: number): StatusFrame {
  return { type: 'status', ...body, timestamp };
}
