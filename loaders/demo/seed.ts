/** The seed of the committed demo workspace Voorbeeldstad (its own module so the command's help loads nothing else). */
export const DEFAULT_SEED = 2024;
