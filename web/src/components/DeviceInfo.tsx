/** The device clicked on the canvas. */
import type { Device } from '@vmmi/shared';
import { ROLE_LABELS } from '../estate/site-labels.ts';
import { EvacuateButton } from '../planner/EvacuationDialog.tsx';
import { selectEstate } from '../store/selectors.ts';
import { useAppStore } from '../store/store-context.tsx';
import { Prop, PropList } from './PropList.tsx';

export function DeviceInfo({ device, vms }: { device: Device; vms: number }) {
  const models = useAppStore((s) => selectEstate(s)?.cpuModels);
  const cpuName = (id: string) => models?.find((m) => m.id === id)?.name ?? id;
  return (
    <section aria-labelledby="device-heading" data-testid="device-info">
      <h3 id="device-heading" className="sub-heading">
        Selected: {device.name}
      </h3>
      <PropList>
        <Prop label="Role">{ROLE_LABELS[device.role]}</Prop>
        {device.pod !== undefined && <Prop label="Pod">{device.pod}</Prop>}
        {device.level !== undefined && device.role !== 'host' && (
          <Prop label="Level">{device.level}</Prop>
        )}
        {device.ipv4 && (
          <Prop label="IPv4">
            <code>{device.ipv4}</code>
          </Prop>
        )}
        {device.ipv6 && (
          <Prop label="IPv6">
            <code>{device.ipv6}</code>
          </Prop>
        )}
        <Prop label="Ports">{device.ports}</Prop>
        <Prop label="State">{device.state}</Prop>
        {device.role === 'host' && <Prop label="VMs">{vms}</Prop>}
        {device.platform && (
          <Prop label="Platform">
            {device.platform.hypervisor} {device.platform.hypervisorVersion} ·{' '}
            {cpuName(device.platform.cpuModel)}
          </Prop>
        )}
        {device.capacity && (
          <Prop label="Capacity">
            {device.capacity.vcpu} vCPU, {device.capacity.memoryGiB} GiB
          </Prop>
        )}
      </PropList>
      {device.role === 'host' && vms > 0 && (
        <EvacuateButton source={{ kind: 'host', hostId: device.id }} label="Evacuate host…" />
      )}
    </section>
  );
}
