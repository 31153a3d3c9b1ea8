/** @vmmi/shared: the pure domain engine (DESIGN.md). No I/O, no framework. */
export * from './model/primitives.ts';
export * from './model/site.ts';
export * from './model/device.ts';
export * from './model/link.ts';
export * from './model/wan-link.ts';
export * from './model/tenant.ts';
export * from './model/virtual-network.ts';
export * from './model/vm.ts';
export * from './model/vne.ts';
export * from './model/flow.ts';
export * from './model/policy.ts';
export * from './model/estate.ts';
export * from './model/validate.ts';
export * from './model/estate-file.ts';
export * from './net/ip.ts';
