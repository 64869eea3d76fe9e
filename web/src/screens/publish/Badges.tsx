// Small badges the publishing screens share.
import { Badge, Spinner } from '@radix-ui/themes'
import { CircleCheck, Radio, ShieldCheck } from 'lucide-react'
import { KIND_COLOR, KIND_LABEL, statusMeta, type DeploymentStatus, type EnvironmentKind } from './api'

export function DeploymentStatusBadge({ status, size = '1' }: { status: DeploymentStatus; size?: '1' | '2' | '3' }) {
  const m = statusMeta(status)
  return (
    <Badge color={m.color} variant="soft" highContrast radius="full" size={size} data-testid="deployment-status" data-status={status}>
      {m.active && <Spinner size="1" aria-hidden="true" />}
      {m.label}
    </Badge>
  )
}

export function EnvironmentKindBadge({ kind }: { kind: EnvironmentKind }) {
  return (
    <Badge color={KIND_COLOR[kind] ?? 'gray'} variant="soft" highContrast radius="full">
      {KIND_LABEL[kind] ?? kind}
    </Badge>
  )
}

export function LiveBadge() {
  return (
    <Badge color="green" variant="surface" highContrast radius="full" data-testid="live-badge" style={{ fontWeight: 600 }}>
      <Radio size={12} aria-hidden="true" /> Live
    </Badge>
  )
}

export function ApprovalBadge() {
  return (
    <Badge color="amber" variant="surface" highContrast radius="full">
      <ShieldCheck size={12} aria-hidden="true" /> Approval required
    </Badge>
  )
}

export function DoneIcon() {
  return <CircleCheck size={16} aria-hidden="true" />
}
