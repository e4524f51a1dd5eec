import { queryOptions } from '@tanstack/react-query';
import { DeviceList } from '../../protocol/rest.js';
import { apiFetchParsed } from './http.js';

export const devicesQuery = queryOptions({
  queryKey: ['devices'] as const,
  queryFn: () => apiFetchParsed('/api/v1/devices', DeviceList),
  staleTime: 60_000,
});
