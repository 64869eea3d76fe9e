// The image library in pick mode, in a large dialog.
import { Button, Dialog, Flex } from '@radix-ui/themes'
import type { Asset } from '../../api/assets'
import { AssetLibrary } from './AssetLibrary'

export interface AssetPickerDialogProps {
  siteId: string
  open: boolean
  onOpenChange: (open: boolean) => void
  /** Called with the chosen image; the dialog then closes. */
  onPick: (asset: Asset) => void
  /** The image to show selected, e.g. the prop's current one. */
  selectedId?: string
}

export function AssetPickerDialog({ siteId, open, onOpenChange, onPick, selectedId }: AssetPickerDialogProps) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Content maxWidth="1100px" width="calc(100vw - 48px)">
        <Dialog.Title mb="1">Choose an image</Dialog.Title>
        <Dialog.Description size="2" color="gray" mb="4">
          Pick one from this site’s images, or upload a new one. Double-click a tile to use it at once.
        </Dialog.Description>
        {/* Mounted only while open: each opening starts fresh (search, selection). */}
        {open && (
          <AssetLibrary
            siteId={siteId}
            mode="pick"
            selectedId={selectedId}
            onPick={(asset) => {
              onPick(asset)
              onOpenChange(false)
            }}
          />
        )}
        <Flex justify="end" mt="4">
          <Dialog.Close>
            <Button variant="soft" color="gray">
              Cancel
            </Button>
          </Dialog.Close>
        </Flex>
      </Dialog.Content>
    </Dialog.Root>
  )
}
