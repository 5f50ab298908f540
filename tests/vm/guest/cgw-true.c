// SPDX-License-Identifier: GPL-2.0
/* cgw-true: the static program cgw-bench's exec benchmark runs. */
int main(void)
{
	return 0;
}
