import { AlertDialog, Button, Flex } from '@radix-ui/themes'
import type { ReactNode } from 'react'
import { ErrorCallout } from './ErrorCallout'

interface ConfirmDialogProps {
  open: boolean
  onOpenChange: (open: boolean) => void
  title: string
  description: ReactNode
  confirmLabel: string
  onConfirm: () => void
  pending?: boolean
  error?: unknown
  /** Extra content, e.g. a "type the name to confirm" field. */
  children?: ReactNode
  confirmDisabled?: boolean
}

/** A destructive-action confirmation that names what will be lost. */
export function ConfirmDialog({
  open,
  onOpenChange,
  title,
  description,
  confirmLabel,
  onConfirm,
  pending,
  error,
  children,
  confirmDisabled,
}: ConfirmDialogProps) {
  return (
    <AlertDialog.Root open={open} onOpenChange={onOpenChange}>
      <AlertDialog.Content maxWidth="460px">
        <AlertDialog.Title>{title}</AlertDialog.Title>
        <AlertDialog.Description size="2" color="gray">
          {description}
        </AlertDialog.Description>
        <form
          onSubmit={(e) => {
            e.preventDefault()
            if (!pending && !confirmDisabled) onConfirm()
          }}
        >
          {(children || Boolean(error)) && (
            <Flex direction="column" gap="3" mt="4">
              {children}
              <ErrorCallout error={error} />
            </Flex>
          )}
          <Flex gap="3" mt="5" justify="end">
            <AlertDialog.Cancel>
              <Button type="button" variant="soft" color="gray">
                Cancel
              </Button>
            </AlertDialog.Cancel>
            <Button type="submit" color="red" loading={pending} disabled={confirmDisabled}>
              {confirmLabel}
            </Button>
          </Flex>
        </form>
      </AlertDialog.Content>
    </AlertDialog.Root>
  )
}
