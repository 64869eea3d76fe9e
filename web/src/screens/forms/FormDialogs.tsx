// The dialogs of the Forms screen: a form's settings, one submission in
// full, and deleting a submission.
import { Button, Code, DataList, Dialog, Flex, RadioGroup, Text } from '@radix-ui/themes'
import { useState, type FormEvent } from 'react'
import { ApiError } from '../../api/client'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { ErrorCallout } from '../../components/ErrorCallout'
import { InputField, TextAreaField } from '../../components/Field'
import { useToast } from '../../components/Toaster'
import { formatDateTime } from '../../lib/format'
import { useDeleteSubmission, useSaveFormSettings, type FormSummary, type Submission } from './api'
import { type Column, DEFAULT_SUCCESS_MESSAGE, MAX_MESSAGE, formTitle, messageError, redirectError } from './helpers'

type AfterPost = 'message' | 'redirect'

export function FormSettingsDialog({
  siteId,
  form,
  open,
  onOpenChange,
}: {
  siteId: string
  form: FormSummary
  open: boolean
  onOpenChange: (open: boolean) => void
}) {
  const toast = useToast()
  const save = useSaveFormSettings(siteId)
  const [after, setAfter] = useState<AfterPost>(form.settings.redirectUrl ? 'redirect' : 'message')
  const [message, setMessage] = useState(form.settings.successMessage)
  const [redirect, setRedirect] = useState(form.settings.redirectUrl)
  const [submitted, setSubmitted] = useState(false)
  const server = save.error instanceof ApiError ? save.error.fieldErrors() : {}
  const msgErr = (submitted && messageError(message)) || server.successMessage
  const redirectErr =
    (submitted && after === 'redirect' && (redirect.trim() ? redirectError(redirect) : 'Enter where to send visitors.')) || server.redirectUrl

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    setSubmitted(true)
    if (messageError(message) || (after === 'redirect' && (!redirect.trim() || redirectError(redirect)))) return
    save.mutate(
      { formId: form.formId, successMessage: message.trim(), redirectUrl: after === 'redirect' ? redirect.trim() : '' },
      {
        onSuccess: () => {
          toast.success('Form settings saved', `“${formTitle(form)}” now ${after === 'redirect' ? 'redirects after a post' : 'shows its thank-you message'}.`)
          onOpenChange(false)
        },
      },
    )
  }

  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Content maxWidth="520px">
        <Dialog.Title>Settings of “{formTitle(form)}”</Dialog.Title>
        <Dialog.Description size="2" color="gray" mb="4">
          What visitors see after they send the form.
        </Dialog.Description>
        <form onSubmit={onSubmit} noValidate>
          <Flex direction="column" gap="4">
            {save.error && Object.keys(server).length === 0 && <ErrorCallout error={save.error} />}
            <Flex direction="column" gap="2" asChild>
              <fieldset className="pw-forms-fieldset">
                <Text as="div" size="2" weight="medium" asChild>
                  <legend>After a post</legend>
                </Text>
                <RadioGroup.Root value={after} onValueChange={(v) => setAfter(v as AfterPost)} name="after">
                  <RadioGroup.Item value="message">Show a thank-you page with a message</RadioGroup.Item>
                  <RadioGroup.Item value="redirect">Send visitors to another page</RadioGroup.Item>
                </RadioGroup.Root>
              </fieldset>
            </Flex>
            {after === 'message' ? (
              <TextAreaField
                name="successMessage"
                label="Thank-you message"
                placeholder={DEFAULT_SUCCESS_MESSAGE}
                hint={`Leave it empty for the default. At most ${MAX_MESSAGE} characters.`}
                rows={3}
                value={message}
                error={msgErr}
                onChange={(e) => setMessage(e.target.value)}
              />
            ) : (
              <InputField
                name="redirectUrl"
                label="Redirect to"
                placeholder="/thanks/"
                hint="A page of this site, such as /thanks/, or a full https:// address."
                value={redirect}
                error={redirectErr}
                autoComplete="off"
                onChange={(e) => setRedirect(e.target.value)}
              />
            )}
            <Flex gap="3" justify="end">
              <Dialog.Close>
                <Button type="button" variant="soft" color="gray">
                  Cancel
                </Button>
              </Dialog.Close>
              <Button type="submit" loading={save.isPending}>
                Save settings
              </Button>
            </Flex>
          </Flex>
        </form>
      </Dialog.Content>
    </Dialog.Root>
  )
}

export function SubmissionDialog({
  submission,
  columns,
  onOpenChange,
}: {
  submission: Submission | null
  columns: Column[]
  onOpenChange: (open: boolean) => void
}) {
  return (
    <Dialog.Root open={submission !== null} onOpenChange={onOpenChange}>
      <Dialog.Content maxWidth="600px">
        <Dialog.Title>Submission</Dialog.Title>
        <Dialog.Description size="2" color="gray" mb="4">
          {submission ? `Sent ${formatDateTime(submission.createdAt)}` : ''}
        </Dialog.Description>
        {submission && (
          <DataList.Root orientation={{ initial: 'vertical', sm: 'horizontal' }}>
            {columns.map((c) => (
              <DataList.Item key={c.name}>
                <DataList.Label minWidth="140px">{c.label}</DataList.Label>
                <DataList.Value>
                  <Text className="pw-forms-value">{submission.data[c.name] || <Text color="gray">—</Text>}</Text>
                </DataList.Value>
              </DataList.Item>
            ))}
            <DataList.Item>
              <DataList.Label minWidth="140px">Environment</DataList.Label>
              <DataList.Value>{submission.environment || 'Deleted environment'}</DataList.Value>
            </DataList.Item>
            <DataList.Item>
              <DataList.Label minWidth="140px">Page</DataList.Label>
              <DataList.Value>
                {submission.pagePath === '/' ? (
                  'Home page'
                ) : submission.pagePath ? (
                  <Code variant="ghost">{submission.pagePath}</Code>
                ) : (
                  <Text color="gray">Not known (the browser did not say)</Text>
                )}
              </DataList.Value>
            </DataList.Item>
            <DataList.Item>
              <DataList.Label minWidth="140px">Browser</DataList.Label>
              <DataList.Value>
                <Text size="1" color="gray">
                  {submission.userAgent || 'Unknown'}
                </Text>
              </DataList.Value>
            </DataList.Item>
          </DataList.Root>
        )}
        <Flex justify="end" mt="5">
          <Dialog.Close>
            <Button variant="soft" color="gray">
              Close
            </Button>
          </Dialog.Close>
        </Flex>
      </Dialog.Content>
    </Dialog.Root>
  )
}

export function DeleteSubmissionDialog({
  siteId,
  formId,
  submission,
  onOpenChange,
}: {
  siteId: string
  formId: string
  submission: Submission | null
  onOpenChange: (open: boolean) => void
}) {
  const toast = useToast()
  const del = useDeleteSubmission(siteId, formId)
  return (
    <ConfirmDialog
      open={submission !== null}
      onOpenChange={(o) => {
        if (!o) del.reset()
        onOpenChange(o)
      }}
      title="Delete this submission?"
      description={
        submission
          ? `The submission sent ${formatDateTime(submission.createdAt)} is deleted for good. The deletion is recorded in the audit log.`
          : ''
      }
      confirmLabel="Delete submission"
      pending={del.isPending}
      error={del.error}
      onConfirm={() => {
        if (!submission) return
        del.mutate(submission.id, {
          onSuccess: () => {
            toast.success('Submission deleted', 'It is gone from the list and from exports.')
            onOpenChange(false)
          },
        })
      }}
    />
  )
}
