/** The contact vault as the environment configures it, for the functions that seal or open contacts. */
import { readEnvironment } from '../config/environment.js';
import { lazyContactVault } from './crypto/contact-vault.js';

export const contactVault = () => lazyContactVault(readEnvironment());
