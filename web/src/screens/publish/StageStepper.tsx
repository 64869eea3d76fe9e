// The four stages of a deployment as a horizontal stepper.
import { Flex, Spinner, Text } from '@radix-ui/themes'
import { Check, CircleDashed, SkipForward, X } from 'lucide-react'
import { STAGE_LABEL, formatDuration, orderedStages, type Stage } from './api'

function StageIcon({ stage }: { stage: Stage }) {
  switch (stage.status) {
    case 'running':
      return <Spinner size="2" aria-hidden="true" />
    case 'done':
      return <Check size={16} aria-hidden="true" />
    case 'failed':
      return <X size={16} aria-hidden="true" />
    case 'skipped':
      return <SkipForward size={15} aria-hidden="true" />
    default:
      return <CircleDashed size={16} aria-hidden="true" />
  }
}

/** What a stage's status says, in words (shown, and read by screen readers). */
export function stageStatusText(stage: Stage): string {
  switch (stage.status) {
    case 'running':
      return 'Running…'
    case 'done':
      return formatDuration(stage.durationMs)
    case 'failed':
      return 'Failed'
    case 'skipped':
      return 'Skipped'
    default:
      return 'Waiting'
  }
}

export function StageStepper({ stages, waiting }: { stages: Stage[]; waiting?: boolean }) {
  const list = orderedStages(stages)
  return (
    <ol className="pw-stepper" aria-label="Stages">
      {list.map((s) => (
        <li
          key={s.name}
          className="pw-step"
          data-status={s.status}
          data-testid={`stage-${s.name}`}
          aria-current={s.status === 'running' ? 'step' : undefined}
        >
          <span className="pw-step-icon">
            <StageIcon stage={s} />
          </span>
          <Flex direction="column" minWidth="0">
            <Text size="2" weight="medium">
              {STAGE_LABEL[s.name] ?? s.name}
            </Text>
            <Text size="1" color={s.status === 'failed' ? 'red' : 'gray'} data-testid="stage-status">
              {s.status === 'pending' && waiting ? 'Not started' : stageStatusText(s)}
            </Text>
          </Flex>
        </li>
      ))}
    </ol>
  )
}
