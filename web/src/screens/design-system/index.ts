// The design system screen, loaded on demand by the router.
export { DesignSystemRoute, DesignSystemScreen } from './DesignSystemScreen'
