// The palette's icons: only the ones component types name, imported one by
// one so the editor does not ship the whole icon set.
import { type LucideIcon, Play, BadgeDollarSign, ChevronsUpDown, CircleDot, ClipboardList, Code, Columns3, Component, File, Heading, Image, LetterText, Link, List, ListCollapse, Minus, MousePointerClick, MoveVertical, PanelBottom, PanelTop, PanelsTopLeft, Pilcrow, Quote, RectangleHorizontal, Rows3, Send, Smile, Square, SquareCheck, SquareStack, Table, TextCursorInput, Box } from 'lucide-react'

const ICONS: Record<string, LucideIcon> = {
  'badge-dollar-sign': BadgeDollarSign,
  'chevrons-up-down': ChevronsUpDown,
  'circle-dot': CircleDot,
  'clipboard-list': ClipboardList,
  'code': Code,
  'component': Component,
  'columns-3': Columns3,
  'file': File,
  'heading': Heading,
  'image': Image,
  'letter-text': LetterText,
  'link': Link,
  'list': List,
  'list-collapse': ListCollapse,
  'minus': Minus,
  'mouse-pointer-click': MousePointerClick,
  'move-vertical': MoveVertical,
  'panel-bottom': PanelBottom,
  'panel-top': PanelTop,
  'panels-top-left': PanelsTopLeft,
  'pilcrow': Pilcrow,
  'quote': Quote,
  'rectangle-horizontal': RectangleHorizontal,
  'rows-3': Rows3,
  'send': Send,
  'smile': Smile,
  'square': Square,
  'square-check': SquareCheck,
  'square-stack': SquareStack,
  'table': Table,
  'text-cursor-input': TextCursorInput,
  'youtube': Play,
}

export function componentIcon(name: string): LucideIcon {
  return ICONS[name] ?? Box
}
