import { Button, Callout, Dialog, Flex, Link as RadixLink, Text } from '@radix-ui/themes'
import { Link } from '@tanstack/react-router'
import { MailWarning } from 'lucide-react'
import type { InvitationWithLink } from '../../api/types'
import { CopyLink } from '../../components/CopyLink'
import { daysBetween } from '../../lib/members'

/** Why the link is on screen, in the words the admin needs. */
export function inviteLinkMessage({ invitation }: InvitationWithLink): string {
  const days = daysBetween(invitation.createdAt, invitation.expiresAt)
  const works = `It works once and expires in ${days} ${days === 1 ? 'day' : 'days'}.`
  if (invitation.emailStatus === 'failed') {
    const why = invitation.emailError ? ` (${invitation.emailError.replace(/\.$/, '')})` : ''
    return `The invitation email could not be sent${why}, so send this link to them yourself. ${works}`
  }
  return `Email is not set up, so send this link to them yourself. ${works}`
}

/** The dialog body that hands an admin an invite link to share by hand. */
export function InvitationLinkView({ result, onDone }: { result: InvitationWithLink; onDone: () => void }) {
  const { invitation } = result
  return (
    <>
      <Dialog.Title>Share the invite link</Dialog.Title>
      <Dialog.Description size="2" color="gray" mb="4">
        {invitation.email} is invited. They join when they open the link and choose a password.
      </Dialog.Description>
      <Flex direction="column" gap="4">
        <Callout.Root color={invitation.emailStatus === 'failed' ? 'red' : 'amber'} variant="surface">
          <Callout.Icon>
            <MailWarning size={16} />
          </Callout.Icon>
          <Callout.Text>{inviteLinkMessage(result)}</Callout.Text>
        </Callout.Root>
        <CopyLink link={result.link} testId="invite-link" label={`Invite link for ${invitation.email}`} />
        {invitation.emailStatus === 'not_configured' && (
          <Text size="1" color="gray">
            To send invitations by email,{' '}
            <RadixLink asChild>
              <Link to="/settings/email">set up email</Link>
            </RadixLink>
            .
          </Text>
        )}
      </Flex>
      <Flex justify="end" mt="5">
        <Button type="button" onClick={onDone}>
          Done
        </Button>
      </Flex>
    </>
  )
}

/** The link on its own, e.g. after "Resend" when email is not set up. */
export function InvitationLinkDialog({ result, onClose }: { result: InvitationWithLink; onClose: () => void }) {
  return (
    <Dialog.Root open onOpenChange={(o) => !o && onClose()}>
      <Dialog.Content maxWidth="540px" onInteractOutside={(e) => e.preventDefault()}>
        <InvitationLinkView result={result} onDone={onClose} />
      </Dialog.Content>
    </Dialog.Root>
  )
}
