// A site's version retention: how long every autosave is kept before the
// nightly job thins older ones to one a day. Manual, published and tagged
// versions are always kept.
import { Box, Button, Flex, Text, TextField } from '@radix-ui/themes'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useState, type FormEvent } from 'react'
import { api, errorMessage } from '../api/client'
import { useToast } from '../components/Toaster'
import { formatDateTime } from '../lib/format'

interface Policy {
  thinAfterDays: number
  updatedAt?: string
  updatedBy?: { id: string; name: string } | null
}

/** Why a number of days is not acceptable, or '' (the server allows 0–3650). */
export function daysError(v: string): string {
  if (v.trim() === '') return 'Enter a number of days (0 keeps every autosave).'
  if (!/^\d+$/.test(v.trim())) return 'Use a whole number of days.'
  const n = Number(v)
  if (n > 3650) return 'At most 3650 days (ten years).'
  return ''
}

export function VersionPolicySection({ siteId, canEdit }: { siteId: string; canEdit: boolean }) {
  const toast = useToast()
  const qc = useQueryClient()
  const key = ['version-policy', siteId]
  const q = useQuery({ queryKey: key, queryFn: () => api.get<Policy>(`/sites/${siteId}/version-policy`) })
  const [days, setDays] = useState('')
  const [err, setErr] = useState('')
  useEffect(() => {
    if (q.data) setDays(String(q.data.thinAfterDays))
  }, [q.data])
  const save = useMutation({
    mutationFn: (n: number) => api.put<Policy>(`/sites/${siteId}/version-policy`, { thinAfterDays: n }),
    onSuccess: (p) => {
      qc.setQueryData(key, p)
      toast.success('Version history policy saved')
    },
    onError: (e) => setErr(errorMessage(e)),
  })
  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    const msg = daysError(days)
    setErr(msg)
    if (!msg) save.mutate(Number(days))
  }
  const n = Number(days)
  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="pw-policy-title" data-testid="version-policy">
      <Text as="div" size="2" weight="bold" id="pw-policy-title">
        Version history
      </Text>
      <Text as="p" size="1" color="gray" mb="2">
        Manual, published and tagged versions are always kept. Autosaves older than this are thinned to one a day, every night.
      </Text>
      {q.isError && (
        <Text as="p" size="1" color="red" role="alert">
          {errorMessage(q.error)}
        </Text>
      )}
      <Flex align="end" gap="2" wrap="wrap">
        <Box>
          <Text as="label" size="2" htmlFor="pw-thin-days">
            Keep every autosave for (days)
          </Text>
          <TextField.Root
            id="pw-thin-days"
            mt="1"
            inputMode="numeric"
            style={{ width: 120 }}
            value={days}
            disabled={!canEdit || q.isPending}
            aria-invalid={!!err}
            aria-describedby={err ? 'pw-thin-days-err' : 'pw-thin-days-hint'}
            onChange={(e) => {
              setDays(e.target.value)
              if (err) setErr(daysError(e.target.value))
            }}
          />
        </Box>
        {canEdit && (
          <Button type="submit" variant="soft" loading={save.isPending} disabled={q.isPending || days === String(q.data?.thinAfterDays ?? '')}>
            Save policy
          </Button>
        )}
      </Flex>
      {err ? (
        <Text as="p" size="1" color="red" mt="1" id="pw-thin-days-err" role="alert">
          {err}
        </Text>
      ) : (
        <Text as="p" size="1" color="gray" mt="1" id="pw-thin-days-hint">
          {days.trim() !== '' && !daysError(days) && (n === 0 ? 'Every autosave is kept.' : `Autosaves older than ${n} ${n === 1 ? 'day' : 'days'} are thinned.`)}
          {q.data?.updatedAt && ` Last changed ${formatDateTime(q.data.updatedAt)}${q.data.updatedBy ? ` by ${q.data.updatedBy.name}` : ''}.`}
        </Text>
      )}
    </form>
  )
}
