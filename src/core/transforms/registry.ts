/** Every transform by name, in the order the UI lists them (by family). */
import { Affine, Perspective, Rotate } from './affine';
import { GaussianBlur, MotionBlur, Sharpen } from './blur';
import { BrightnessContrast, Brightness, ChannelShuffle, ColorJitter, Contrast, Gamma, HueSaturationValue, Invert, RGBShift, ToGray } from './colour';
import { CenterCrop, RandomCrop, RandomResizedCrop } from './crop';
import { ElasticTransform, GridDistortion } from './distortion';
import { CoarseDropout, RandomErasing } from './dropout';
import { HorizontalFlip, RandomRotate90, VerticalFlip } from './flip';
import { CLAHE, Equalize } from './histogram';
import { JpegCompression } from './jpeg';
import { CutMix, MixUp, Mosaic } from './mixing';
import { GaussianNoise, SaltAndPepper } from './noise';
import { AutoContrast, Identity, Posterize, Solarize } from './tone';
import type { Transform } from './types';

export const TRANSFORMS: readonly Transform[] = [
  HorizontalFlip,
  VerticalFlip,
  RandomRotate90,
  Rotate,
  Affine,
  Perspective,
  RandomResizedCrop,
  CenterCrop,
  RandomCrop,
  ElasticTransform,
  GridDistortion,
  Brightness,
  Contrast,
  BrightnessContrast,
  Gamma,
  HueSaturationValue,
  ColorJitter,
  ToGray,
  Invert,
  Posterize,
  Solarize,
  Equalize,
  CLAHE,
  AutoContrast,
  RGBShift,
  ChannelShuffle,
  GaussianNoise,
  SaltAndPepper,
  GaussianBlur,
  MotionBlur,
  Sharpen,
  JpegCompression,
  CoarseDropout,
  RandomErasing,
  Identity,
  MixUp,
  CutMix,
  Mosaic,
];

const BY_NAME = new Map(TRANSFORMS.map((t) => [t.name, t]));

export function getTransform(name: string): Transform | undefined {
  return BY_NAME.get(name);
}

export function transformNames(): string[] {
  return TRANSFORMS.map((t) => t.name);
}
