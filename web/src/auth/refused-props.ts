/** How a control refused by role looks: disabled, saying why (not hidden). */

/** A control's props for a refusal: disabled, with the reason as its title and description. */
export function refusedProps(refusal: string | null): {
  disabled?: true;
  title?: string;
  'aria-description'?: string;
} {
  return refusal === null ? {} : { disabled: true, title: refusal, 'aria-description': refusal };
}
