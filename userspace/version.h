/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CGW_VERSION_H
#define CGW_VERSION_H

#define CGW_VERSION "0.1.0"

#endif
