/** The Verify PIN card: a password input and Check, for one contact. Carries no PIN: only the contact id. */
import pinCheckTemplate from '../../cards/pin-check.json';
import { renderCard, type AdaptiveCardJson } from './render';
import type { Banner } from './types';
import { bannerVm, type BannerVm } from './view-model-parts';

/** The id of the card's PIN input: the name the typed PIN arrives under. */
export const PIN_INPUT_ID = 'pin';

export interface PinCheckVm {
  banner: BannerVm;
  contactId: number;
  name: string;
  client: string;
}

export function pinCheckCard(opts: { contactId: number; name: string; client: string; banner?: Banner }): AdaptiveCardJson {
  const vm: PinCheckVm = { banner: bannerVm(opts.banner), contactId: opts.contactId, name: opts.name, client: opts.client };
  return renderCard(pinCheckTemplate, vm);
}
