export declare const THEME_SCRIPT: string;
export declare const THEME_PICKER_SCRIPT: string;
export declare const FRAME_SCRIPT: string;
